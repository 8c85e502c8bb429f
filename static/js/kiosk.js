// Kiosk idle reset: after a quiet spell, ask "Still there?" and count down; then end the
// session on the server (the reset form) and go back to the language screen.
// The server keeps its own idle clock (it resets a kiosk whose browser missed this),
// so "I'm still here", closing the question, and touches while someone reads are
// told to it too, at most every PING_MS.
(function () {
  "use strict";
  var dialog = document.getElementById("idle-dialog");
  var form = document.getElementById("kiosk-reset-form");
  if (!dialog || !form) { return; }
  var idleMs = Number(document.body.getAttribute("data-kiosk-idle")) * 1000;
  var countdown = Number(document.body.getAttribute("data-kiosk-countdown"));
  var seconds = document.getElementById("idle-seconds");
  var stillHereUrl = form.getAttribute("data-still-here");
  var PING_MS = 20000;
  var lastPing = Date.now();
  var timer = null;
  var tick = null;
  var left = countdown;

  function tellServer(now) {
    if (!stillHereUrl || (!now && Date.now() - lastPing < PING_MS)) { return; }
    lastPing = Date.now();
    window.fetch(stillHereUrl, { method: "POST", body: new FormData(form), credentials: "same-origin" });
  }
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
        tick = null;
        var why = document.createElement("input");
        why.type = "hidden";
        why.name = "why";
        why.value = "idle";
        form.appendChild(why);
        form.submit();
      }
    }, 1000);
  }
  // However the question closes ("I'm still here", or Escape), the person is there.
  dialog.addEventListener("close", function () {
    if (tick === null) { return; }
    window.clearInterval(tick);
    tick = null;
    arm();
    tellServer(true);
  });
  document.getElementById("idle-continue").addEventListener("click", function () {
    dialog.close();
  });
  ["pointerdown", "keydown", "touchstart", "input"].forEach(function (name) {
    document.addEventListener(name, function () {
      if (!dialog.open) { arm(); tellServer(false); }
    }, { passive: true });
  });
  arm();
}());
