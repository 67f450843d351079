// File upload for every `.rw-dropzone[data-url]` (Import page, admin events upload): click or
// drop files, stream them to data-url as multipart with the CSRF header and an upload progress
// bar, then hand the job id to Dash (dash_clientside.set_props) so the page polls the job.
// The zone's data-* attributes name the form field, the accepted types and the ids of its
// progress bar, message and job store.
(function () {
  var busy = {};

  function setProps(id, props) {
    if (id && window.dash_clientside && window.dash_clientside.set_props) {
      window.dash_clientside.set_props(id, props);
    }
  }

  function upload(zone, files) {
    if (!zone || busy[zone.id] || !files || !files.length) {
      return;
    }
    var d = zone.dataset;
    var say = function (text) { setProps(d.message, {children: text}); };
    var multiple = d.multiple === "true";
    if (!multiple && files.length > 1) {
      say("Upload one file at a time.");
      return;
    }
    busy[zone.id] = true;
    var form = new FormData();
    for (var i = 0; i < files.length; i++) {
      form.append(d.field || "files", files[i], files[i].name);
    }
    var xhr = new XMLHttpRequest();
    xhr.open("POST", d.url);
    xhr.setRequestHeader("X-CSRFToken", d.csrf);
    xhr.upload.onprogress = function (event) {
      if (event.lengthComputable) {
        var pct = Math.round((100 * event.loaded) / event.total);
        setProps(d.progress, {value: pct, label: "Uploading " + pct + " %"});
      }
    };
    xhr.onload = function () {
      busy[zone.id] = false;
      var body = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch (e) {
        body = {error: "The server answered " + xhr.status + "."};
      }
      if (xhr.status === 202 && body.job_id) {
        setProps(d.progress, {value: 100, label: "Uploaded"});
        say("Uploaded " + (multiple ? files.length + " file(s)" : files[0].name) + "; " +
            (d.verb || "processing") + "…");
        setProps(d.job, {data: body.job_id});
      } else {
        setProps(d.progress, {value: 0, label: ""});
        say(body.error || "The upload failed (" + xhr.status + ").");
      }
    };
    xhr.onerror = function () {
      busy[zone.id] = false;
      setProps(d.progress, {value: 0, label: ""});
      say("The upload failed: the connection was interrupted.");
    };
    say("Uploading " + (multiple ? files.length + " file(s)" : files[0].name) + "…");
    xhr.send(form);
  }

  function pick(zone) {
    var input = document.createElement("input");
    input.type = "file";
    input.multiple = zone.dataset.multiple === "true";
    input.accept = zone.dataset.accept || "";
    input.style.display = "none";
    input.addEventListener("change", function () {
      upload(zone, input.files);
      input.remove();
    });
    document.body.appendChild(input);
    input.click();
  }

  function zoneOf(event) {
    return event.target.closest && event.target.closest(".rw-dropzone[data-url]");
  }

  document.addEventListener("click", function (event) {
    var zone = zoneOf(event);
    if (zone) { pick(zone); }
  });
  document.addEventListener("keydown", function (event) {
    var zone = zoneOf(event);
    if (zone && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      pick(zone);
    }
  });
  document.addEventListener("dragover", function (event) {
    var zone = zoneOf(event);
    if (zone) {
      event.preventDefault();
      zone.classList.add("rw-dropzone-over");
    }
  });
  document.addEventListener("dragleave", function (event) {
    var zone = zoneOf(event);
    if (zone) { zone.classList.remove("rw-dropzone-over"); }
  });
  document.addEventListener("drop", function (event) {
    var zone = zoneOf(event);
    if (zone) {
      event.preventDefault();
      zone.classList.remove("rw-dropzone-over");
      upload(zone, event.dataTransfer.files);
    }
  });

  // Tests and power users: window.rwUpload("import-drop", files) uploads without the picker.
  window.rwUpload = function (zoneId, files) {
    upload(document.getElementById(zoneId), files);
  };
})();
