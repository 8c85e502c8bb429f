// Kiosk idle reset: after a quiet spell, ask "Still there?" and count down; then end the
// session on the server (the reset form) and go back to the language screen.
(function () {
  "use strict";
  var dialog = document.getElementById("idle-dialog");
  var form = document.getElementById("kiosk-reset-form");
  if (!dialog || !form) { return; }
  var idleMs = Number(document.body.getAttribute("data-kiosk-idle")) * 1000;
  var countdown = Number(document.body.getAttribute("data-kiosk-countdown"));
  var seconds = document.getElementById("idle-seconds");
  var timer = null;
  var tick = null;
  var left = countdown;

  function arm() {
    window.clearTimeout(timer);
    timer = window.setTimeout(warn, idleMs);
  }
  function warn() {
    left = countdown;
    seconds.textContent = String(left);
    dialog.showModal();
    tick = window.setInterval(function () {
      left -= 1;
      seconds.textContent = String(Math.max(left, 0));
      if (left <= 0) {
        window.clearInterval(tick);
        form.submit();
      }
    }, 1000);
  }
  document.getElementById("idle-continue").addEventListener("click", function () {
    window.clearInterval(tick);
    dialog.close();
    arm();
  });
  ["pointerdown", "keydown", "touchstart", "input"].forEach(function (name) {
    document.addEventListener(name, function () { if (!dialog.open) { arm(); } }, { passive: true });
  });
  arm();
}());
