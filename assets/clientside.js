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
    // Runs on clicks only (prevent_initial_call): every page change is a history entry.
    savedPages: function (upcoming, past, hidden) {
      return window.rwSetQuery({upcoming: upcoming > 1 ? upcoming : null,
        past: past > 1 ? past : null, hidden: hidden > 1 ? hidden : null}, {push: true});
    },

    // Admin: every filter and page number in the URL.
    adminQuery: function (source, status, page, jobsStatus, jobs, job, sync, beats, mail) {
      function more(n) { return n > 1 ? n : null; }
      return window.rwSetQuery({source: source, status: status, page: more(page),
        jobs_status: jobsStatus, jobs: more(jobs), job: job, sync: more(sync),
        beats: more(beats), mail: more(mail)});
    },

    // Wrapped: the filter bar -> the filter store and the URL (the writer of the URL form that
    // data/queries/listening/filters.py make_filters and components/wrapped.py read).
    wrappedFilters: function (period, year, start, end, measure, content, skips, tz) {
      var custom = period === "custom", byYear = period === "y";
      var query = {period: period, year: byYear ? year : null, start: custom ? start : null,
                   end: custom ? end : null, measure: measure === "plays" ? measure : null,
                   content: content && content !== "music" ? content : null, skips: skips ? "1" : null,
                   tz: tz};
      // A person's change of anything but the measure shows page 1 of recently played
      // (callbacks/wrapped.py show_overview): the page goes in the same history entry, so one
      // Back restores both. The server's later reset of the pager then finds the URL as it is.
      var context = window.dash_clientside.callback_context || {};
      var changed = (context.triggered || []).some(function (t) {
        return t.prop_id && t.prop_id !== "." && t.prop_id.indexOf("wrapped-measure.") !== 0;
      });
      window.rwSetQuery(changed ? Object.assign({recent: null}, query) : query);
      return [query, {display: byYear ? "block" : "none"}, {display: custom ? "block" : "none"}];
    },
    // Promoter: the events list's and the talent finder's pages in the URL. Runs on clicks
    // only (prevent_initial_call; no callback sets the pages): every change is a history entry.
    promoterPages: function (events, talent) {
      return window.rwSetQuery({epage: events > 1 ? events : null,
                                tpage: talent > 1 ? talent : null}, {push: true});
    },
    // Recently played's page in the URL (page 1 is the default and leaves it out).
    // A click is a history entry; the server's reset after a filter change finds the URL
    // already without the page (wrappedFilters), so it writes nothing.
    recentPage: function (page) {
      window.rwSetQuery({recent: page > 1 ? page : null}, {push: true});
      return page;
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

    // The phone's one-line summary of the Wrapped filters; the labels are read from the
    // period and content controls' own options, so Python stays their one source.
    wrappedSummary: function (query, periodOptions, contentOptions) {
      if (!query) { return window.dash_clientside.no_update; }
      function labels(options) {
        var out = {};
        (options || []).forEach(function (o) { out[o.value] = o.label; });
        return out;
      }
      var periods = labels(periodOptions), contents = labels(contentOptions);
      var period = query.period === "y" ? String(query.year)
        : query.period === "custom" ? (query.start || "\u2026") + " to " + (query.end || "\u2026")
        : periods[query.period] || periods.year;
      return [period, query.measure === "plays" ? "Plays" : "Minutes",
              contents[query.content] || "Music", query.tz].join(" \u00b7 ");
    },

    // A phone filter bar's one-line summary: the labels of the chosen values. Called with the
    // controls' values, then the same controls' options, in the same order.
    optionsSummary: function () {
      var args = Array.prototype.slice.call(arguments), n = args.length / 2;
      return args.slice(0, n).map(function (value, i) {
        var match = (args[n + i] || []).filter(function (o) { return o.value === value; })[0];
        return match ? match.label : value;
      }).join(" \u00b7 ");
    },

    // Tops, search, insights, promoter pages and saved views: their filters in the URL.
    topsQuery: function (items, span) { return window.rwSetQuery({items: items, span: span}); },
    searchQuery: function (q) { return window.rwSetQuery({q: q}); },
    // A click on the venues' pager (only a person changes it) is a history entry at any time.
    insightsQuery: function (city, genre, start, end, vpage) {
      var context = window.dash_clientside.callback_context || {};
      var paged = (context.triggered || []).some(function (t) {
        return t.prop_id === "insights-venues-page.active_page";
      });
      return window.rwSetQuery({city: city, genre: genre, start: start, end: end,
                                vpage: vpage > 1 ? vpage : null}, {push: paged});
    },
    promoterTab: function (tab) {
      return window.rwSetQuery({tab: tab === "events" ? null : tab});
    },
    promoterVenueQuery: function (venue, start, end) {
      return window.rwSetQuery({venue: venue, from: start, to: end});
    },
    analyticsQuery: function (start, end, events, kind) {
      return window.rwSetQuery({start: start, end: end, events: events,
                                kind: kind === "view" ? null : kind});
    },
    // Runs on clicks only (prevent_initial_call): every page change is a history entry.
    viewsPage: function (page) {
      return window.rwSetQuery({page: page > 1 ? page : null}, {push: true});
    },
    // "Save this view": the page's path and query string as the browser has them now.
    viewLocation: function (clicks) {
      if (!clicks) { return window.dash_clientside.no_update; }
      return {path: window.location.pathname, query: window.location.search, n: clicks};
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
