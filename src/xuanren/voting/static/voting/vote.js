/* The voter's pages (no library): the code from the QR fragment, the most marks per question, submit once. */
(function () {
  "use strict";

  // A QR code points to /vote/#CODE: the fragment never reaches the server. Take it out of the address bar
  // (and so out of the history), put it in a form and post it. A scan while a voter page is already open
  // only changes the fragment (no new request), hence the hashchange listener.
  function openFromFragment() {
    if (window.location.hash.length < 2) { return; }
    var code = decodeURIComponent(window.location.hash.slice(1));
    window.history.replaceState(null, "", window.location.pathname + window.location.search);
    if (!/^[0-9A-Za-z\- ]{10,20}$/.test(code)) { return; }
    var form = document.getElementById("code-form");
    if (!form) {
      form = document.createElement("form");
      form.method = "post";
      form.action = ".";
      form.innerHTML = '<input type="hidden" name="step" value="open"><input type="hidden" name="code">';
      document.body.appendChild(form);
    }
    form.querySelector("input[name=code]").value = code;
    HTMLFormElement.prototype.submit.call(form);
  }
  openFromFragment();
  window.addEventListener("hashchange", openFromFragment);

  // At most data-max marks (checked boxes plus filled write-in lines) per question: further boxes disabled.
  function limit(fieldset) {
    var max = parseInt(fieldset.getAttribute("data-max"), 10);
    var boxes = fieldset.querySelectorAll("input[type=checkbox]");
    if (!max || !boxes.length) { return; }
    var used = 0;
    boxes.forEach(function (b) { if (b.checked) { used += 1; } });
    fieldset.querySelectorAll("input[type=text]").forEach(function (t) { if (t.value.trim()) { used += 1; } });
    var full = used >= max;
    boxes.forEach(function (b) { b.disabled = full && !b.checked; });
    fieldset.querySelectorAll("input[type=text]").forEach(function (t) { t.readOnly = full && !t.value.trim(); });
    var note = fieldset.querySelector(".vote-full");
    if (note) { note.hidden = !full; }
  }
  document.querySelectorAll("fieldset[data-max]").forEach(function (fs) {
    limit(fs);
    fs.addEventListener("change", function () { limit(fs); });
    fs.addEventListener("input", function () { limit(fs); });
  });

  // Submit once: the button is disabled after the first click (the server also keeps one ballot per
  // submission token, so a second request from a slow phone gets the same receipt).
  document.querySelectorAll("form").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.getAttribute("data-sent")) { event.preventDefault(); return; }
      form.setAttribute("data-sent", "1");
      var buttons = form.querySelectorAll("button[data-once]");
      window.setTimeout(function () { buttons.forEach(function (b) { b.disabled = true; }); }, 0);
    });
  });
})();
