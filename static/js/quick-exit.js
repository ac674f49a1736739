// Quick exit: pressing Escape three times within two seconds leaves the site, replacing
// this page in the browser history where the browser allows. The visible quick-exit link
// works without JavaScript.
(function () {
  "use strict";
  var presses = [];
  function leave(url) {
    try {
      window.location.replace(url);
    } catch (e) {
      window.location.href = url;
    }
  }
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    var now = Date.now();
    presses = presses.filter(function (t) { return now - t < 2000; });
    presses.push(now);
    if (presses.length >= 3) {
      var link = document.getElementById("quick-exit");
      if (link) {
        leave(link.href);
      }
    }
  });
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("#quick-exit");
    if (link) {
      event.preventDefault();
      leave(link.href);
    }
  });
})();
