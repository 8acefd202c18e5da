// The quiz's countdown (the server enforces the limit; this only shows it).
(function () {
  "use strict";
  function start() {
    var box = document.querySelector("[data-quiz-timer]");
    if (!box) return;
    var clock = box.querySelector("[data-quiz-clock]");
    var end = Date.now() + parseInt(box.getAttribute("data-quiz-timer"), 10) * 1000;
    function tick() {
      var left = Math.max(0, Math.round((end - Date.now()) / 1000));
      var minutes = Math.floor(left / 60);
      var seconds = left % 60;
      clock.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
      if (left === 0) {
        box.classList.add("quiz-timer-expired");
        clock.textContent = box.getAttribute("data-expired");
        return;
      }
      window.setTimeout(tick, 1000);
    }
    tick();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
