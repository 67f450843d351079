// Pages keep their filters in the query string. rwSetQuery merges values into it without
// re-rendering the page, so the URL stays shareable. A change the user makes pushes a history
// entry, so Back undoes it; the values a page writes while it renders (its defaults) replace
// the current entry instead, or Back would land on the same page again.
var RW_RENDER_MS = 1500;
window.rwRenderedAt = Date.now();
window.rwPage = window.location.pathname;

// ``options.push``: the caller knows a person made this change (a callback that never runs on
// render, such as a pager's click), so it is a history entry however soon after the render.
window.rwSetQuery = function (values, options) {
  var params = new URLSearchParams(window.location.search);
  Object.keys(values).forEach(function (key) {
    var v = values[key];
    if (v === null || v === undefined || v === "" || (Array.isArray(v) && v.length === 0)) {
      params.delete(key);
    } else {
      params.set(key, Array.isArray(v) ? v.join(",") : String(v));
    }
  });
  var search = params.toString();
  var url = window.location.pathname + (search ? "?" + search : "") + window.location.hash;
  if (url === window.location.pathname + window.location.search + window.location.hash) {
    return window.dash_clientside.no_update;
  }
  var rendering = window.rwPage !== window.location.pathname ||
    Date.now() - window.rwRenderedAt < RW_RENDER_MS;
  if (window.rwPage !== window.location.pathname) {
    window.rwPage = window.location.pathname;
    window.rwRenderedAt = Date.now();
  }
  if (rendering && !(options && options.push)) {
    window.history.replaceState(window.history.state, "", url);
  } else {
    window.history.pushState({rwQuery: true}, "", url);
  }
  return window.dash_clientside.no_update;
};

// Back or Forward between two states of the same page: Dash's router did not see the pushed
// entries, so it may not re-render; reloading builds the page from the URL (layout(**query)).
window.addEventListener("popstate", function () {
  if (window.location.pathname === window.rwPage) {
    window.location.reload();
  } else {
    window.rwPage = window.location.pathname;
    window.rwRenderedAt = Date.now();
  }
});

// A callback answered 401: the session expired. Go to login and come back afterwards.
(function () {
  var originalFetch = window.fetch;
  window.fetch = function () {
    return originalFetch.apply(this, arguments).then(function (response) {
      if (response.status === 401 && String(response.url).indexOf("/_dash-update-component") !== -1) {
        var next = window.location.pathname + window.location.search;
        window.location.assign("/login?expired=1&next=" + encodeURIComponent(next));
      }
      return response;
    });
  };
})();
