// The admin page's live preview: runs the widget's loader with the options of
// the query string (the snippet generator's), as on a first visit: choices
// stored by earlier previews on this origin are forgotten first.
(function () {
  "use strict";
  var q = new URLSearchParams(location.search);
  for (var i = localStorage.length - 1; i >= 0; i--) {
    var k = localStorage.key(i);
    if (/^pw-(consent|settings):/.test(k)) localStorage.removeItem(k);
  }
  var s = document.createElement("script");
  s.src = "/widget/loader.js";
  s.setAttribute("data-api", location.origin);
  ["workspace", "organization", "project", "key", "view", "locale"].forEach(function (n) {
    var v = q.get(n);
    if (v) s.setAttribute("data-" + n, v);
  });
  document.body.appendChild(s);
})();
