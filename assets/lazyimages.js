// Images marked rw-lazy carry their URL in data-src; it becomes src when the image comes
// within 200 px of the viewport, so a long list fetches only what is seen.
(function () {
  if (!("IntersectionObserver" in window)) { return; }
  var seen = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (entry.isIntersecting) {
        entry.target.src = entry.target.getAttribute("data-src");
        seen.unobserve(entry.target);
      }
    });
  }, {rootMargin: "200px"});
  function watch(root) {
    root.querySelectorAll("img.rw-lazy[data-src]").forEach(function (img) {
      if (img.getAttribute("src") !== img.getAttribute("data-src")) { seen.observe(img); }
    });
  }
  new MutationObserver(function () { watch(document); }).observe(document.documentElement, {
    childList: true, subtree: true, attributes: true, attributeFilter: ["data-src"]
  });
})();
