/*
 * offline_page.js: the page the service worker shows for a page it has not kept
 * lists the lessons this phone keeps (from the offline pack), so that a learner
 * with no connection finds what still opens. The page itself is the same for
 * everyone; the list is read from this phone only.
 */
(function () {
  "use strict";
  var list = document.querySelector("[data-kept-lessons]");
  if (!list || !window.SaebomDB) return;
  window.SaebomDB.pack()
    .then(function (pack) {
      ((pack && pack.lessons) || []).forEach(function (lesson) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = lesson.url;
        link.textContent = lesson.title;
        item.appendChild(link);
        list.appendChild(item);
      });
    })
    .catch(function () {});
})();
