// Clientside callbacks, one namespaced function each (dash.ClientsideFunction("rewrapped", name)).
// Query-string writes go through window.rwSetQuery (urlstate.js).
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  rewrapped: {
    // Shell: the light/dark toggle (remembered in a store) and the collapsed navbar.
    // The boot script (components/shell.py) already applied the pick or the system theme to
    // <html> and follows system changes until the toggle is used; the toggle stores a pick.
    theme: function (clicks) {
      var root = document.documentElement;
      var current = root.getAttribute("data-bs-theme") || "light";
      if (!clicks) { return [current, window.dash_clientside.no_update]; }
      var next = current === "dark" ? "light" : "dark";
      root.setAttribute("data-bs-theme", next);
      return [next, next];
    },
    navToggle: function (clicks, isOpen) { return clicks ? !isOpen : false; },

    // Landing and Import pages: their one URL parameter.
    homeCity: function (city) { return window.rwSetQuery({city: city}); },
    importJob: function (job) { return window.rwSetQuery({job: job}); },

    // Saved: each list's page in the URL.
    savedPages: function (upcoming, past, hidden) {
      return window.rwSetQuery({upcoming: upcoming > 1 ? upcoming : null,
        past: past > 1 ? past : null, hidden: hidden > 1 ? hidden : null});
    },

    // Admin: every filter and page number in the URL.
    adminQuery: function (source, status, page, jobsStatus, jobs, job) {
      return window.rwSetQuery({source: source, status: status, page: page > 1 ? page : null,
        jobs_status: jobsStatus, jobs: jobs > 1 ? jobs : null, job: job});
    },

    // Wrapped: the filter bar -> the filter store and the URL (the writer of the URL form that
    // data/queries/listening/filters.py make_filters and components/wrapped.py read).
    wrappedFilters: function (period, year, start, end, measure, content, skips, tz) {
      var custom = period === "custom", byYear = period === "y";
      var query = {period: period, year: byYear ? year : null, start: custom ? start : null,
                   end: custom ? end : null, measure: measure === "plays" ? measure : null,
                   content: content && content !== "music" ? content : null, skips: skips ? "1" : null,
                   tz: tz};
      window.rwSetQuery(query);
      return [query, {display: byYear ? "block" : "none"}, {display: custom ? "block" : "none"}];
    },
    // The active tab in the URL; every other tab's pane hidden (panes are "wrapped-pane-<tab>").
    wrappedTab: function (tab) {
      window.rwSetQuery({tab: tab === "overview" ? null : tab});
      return window.dash_clientside.callback_context.outputs_list.map(function (out) {
        return out.id !== "wrapped-pane-" + tab;
      });
    },
    // A click on a month bar or calendar day (customdata "month:<date>" / "day:<date>")
    // narrows the period to it.
    wrappedChartRange: function () {
      var data = window.dash_clientside.callback_context.triggered[0].value;
      var key = data && data.points && data.points.length && data.points[0].customdata;
      if (typeof key !== "string" || key.indexOf(":") < 0) {
        return window.dash_clientside.no_update;
      }
      var kind = key.split(":")[0], day = key.split(":")[1].slice(0, 10);
      var first = new Date(day + "T00:00:00Z"), last = new Date(first);
      if (kind === "month") { last.setUTCMonth(last.getUTCMonth() + 1); last.setUTCDate(0); }
      return ["custom", day, last.toISOString().slice(0, 10)];
    },
    // A click on an artist (customdata "/artist/<id>") opens the artist's page.
    openArtist: function () {
      var data = window.dash_clientside.callback_context.triggered[0].value;
      var href = data && data.points && data.points.length && data.points[0].customdata;
      if (typeof href === "string" && href.indexOf("/artist/") === 0) {
        window.location.assign(href);
      }
      return window.dash_clientside.no_update;
    },

    // Year in review: the recap chart as a story-sized PNG.
    yearDownload: function (clicks, year, chartId) {
      var plot = document.querySelector("#" + chartId + " .js-plotly-plot");
      if (clicks && plot && window.Plotly) {
        window.Plotly.downloadImage(plot, {format: "png", width: 1080, height: 1920,
                                           filename: "rewrapped-" + year});
      }
      return window.dash_clientside.no_update;
    }
  }
});
