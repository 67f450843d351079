// Pages keep their filters in the query string. rwSetQuery merges values into it with
// history.replaceState, so the page is not re-rendered and the URL stays shareable.
window.rwSetQuery = function (values) {
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
  if (url !== window.location.pathname + window.location.search + window.location.hash) {
    window.history.replaceState(window.history.state, "", url);
  }
  return window.dash_clientside.no_update;
};

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
