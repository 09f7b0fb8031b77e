// Mailed links carry their token in the fragment (#token=...), which browsers never send to a
// server. This puts it into the page's form (POSTed, so it is in no URL a log or a Referer sees)
// and drops it from the address bar and the history.
(function () {
  var field = document.getElementById('token');
  var match = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (field && match && !field.value) {
    field.value = match[1];
  }
  if (window.location.hash) {
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  var missing = document.getElementById('token-missing');
  var form = document.getElementById('token-form');
  if (field && form && missing) {
    missing.hidden = !!field.value;
    form.hidden = !field.value;
  }
}());
