"""xuanren (选任): competitive selection and appointment of officials."""

__version__ = "0.1.0"
