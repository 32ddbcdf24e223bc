"""Django project configuration: settings from the environment, URL map, WSGI entry."""
