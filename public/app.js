// Sabali dashboard: live refresh of every element marked data-live (polling; 304 when nothing changed;
// pauses while the tab is hidden; backs off while offline), CSV files read into a form's text box, audio
// prompts read into a form's field, and
// place names suggested while typing (the field's datalist, filled from /places/suggest).
// No framework, no build.
(function () {
  'use strict';
  function live(target) {
    var status = document.getElementById(target.getAttribute('data-status') || 'live-status');
    var every = Number(target.getAttribute('data-every')) || 5000;
    var delay = every;
    var timer = null;
    var last = null;
    function ids() {
      var out = {};
      target.querySelectorAll('[data-id]').forEach(function (el) {
        out[el.getAttribute('data-id')] = true;
      });
      return out;
    }
    function say(text) {
      if (status && text && status.textContent !== text) status.textContent = text;
    }
    function schedule() {
      clearTimeout(timer);
      timer = setTimeout(poll, delay);
    }
    function poll() {
      if (document.hidden) return schedule();
      fetch(target.getAttribute('data-live'), {
        cache: 'no-cache',
        credentials: 'same-origin',
        headers: { 'X-Requested-With': 'fetch' },
      })
        .then(function (res) {
          if (res.status === 401) {
            window.location.reload();
            return;
          }
          if (res.status === 304) {
            delay = every;
            return;
          }
          if (!res.ok) throw new Error(String(res.status));
          return res.text().then(function (body) {
            delay = every;
            if (body === last) return;
            last = body;
            var before = ids();
            target.innerHTML = body;
            target.querySelectorAll('[data-id]').forEach(function (el) {
              if (!before[el.getAttribute('data-id')]) el.classList.add('new');
            });
            if (status) say((status.getAttribute('data-updated') || '').replace('{time}', new Date().toLocaleTimeString()));
          });
        })
        .catch(function () {
          delay = Math.min(delay * 2, 60000);
          if (status) say(status.getAttribute('data-offline'));
        })
        .then(schedule);
    }
    document.addEventListener('visibilitychange', function () {
      if (!document.hidden) poll();
    });
    schedule();
  }
  document.querySelectorAll('[data-live]').forEach(live);
  // A CSV chosen from the computer fills the text box the form sends (pasting works without this).
  document.querySelectorAll('input[type=file][data-into]').forEach(function (input) {
    var box = document.getElementById(input.getAttribute('data-into'));
    var wrap = input.closest('[hidden]');
    if (!box) return;
    if (wrap) wrap.hidden = false;
    input.addEventListener('change', function () {
      var file = input.files && input.files[0];
      if (file)
        file.text().then(function (text) {
          box.value = text;
        });
    });
  });
  // An audio prompt chosen from the computer travels in the form as a data: URL (one form parser, no multipart).
  document.querySelectorAll('input[type=file][data-audio-into]').forEach(function (input) {
    var field = document.getElementById(input.getAttribute('data-audio-into'));
    if (!field) return;
    input.addEventListener('change', function () {
      var file = input.files && input.files[0];
      if (!file) return;
      var reader = new FileReader();
      reader.onload = function () {
        field.value = String(reader.result);
      };
      reader.readAsDataURL(file);
    });
  });
  // Places as people type them: the suggestions fill the field's datalist; the form works without them.
  document.querySelectorAll('input[data-suggest][list]').forEach(function (input) {
    var list = document.getElementById(input.getAttribute('list'));
    var timer = null;
    var asked = '';
    if (!list) return;
    function suggest() {
      var q = input.value.trim();
      if (q.length < 2 || q === asked || /\)\s*$/.test(q)) return;
      asked = q;
      fetch(input.getAttribute('data-suggest') + '?q=' + encodeURIComponent(q), {
        credentials: 'same-origin',
        headers: { 'X-Requested-With': 'fetch', Accept: 'application/json' },
      })
        .then(function (res) {
          return res.ok ? res.json() : null;
        })
        .then(function (body) {
          if (!body || input.value.trim() !== q) return;
          list.textContent = '';
          body.items.forEach(function (item) {
            var option = document.createElement('option');
            option.value = item.value;
            option.textContent = item.label;
            list.appendChild(option);
          });
        })
        .catch(function () {});
    }
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(suggest, 200);
    });
  });
})();
