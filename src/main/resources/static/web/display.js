// Display mode: one post at a time, in turn; the posts are asked for again every half minute so a
// pulled post leaves the screen and a revoked link blanks it. Text goes in as text, never as HTML.
(function () {
  var body = document.body;
  var url = body.getAttribute('data-posts');
  var rotate = (parseInt(body.getAttribute('data-rotate-seconds'), 10) || 12) * 1000;
  var refresh = (parseInt(body.getAttribute('data-refresh-seconds'), 10) || 30) * 1000;
  var slides = document.querySelector('.slides');
  var empty = document.querySelector('.display-empty');
  var gone = document.querySelector('.display-gone');
  var clock = document.querySelector('.display-clock');
  var index = 0;

  function current() {
    return slides.querySelectorAll('.slide');
  }

  function show(i) {
    var all = current();
    if (all.length === 0) return;
    index = (i + all.length) % all.length;
    for (var n = 0; n < all.length; n++) all[n].classList.toggle('current', n === index);
  }

  function slide(post) {
    var a = document.createElement('article');
    a.className = 'slide';
    a.setAttribute('data-id', post.id);
    if (post.photos && post.photos.length) {
      var ph = document.createElement('div');
      ph.className = 'slide-photo';
      var img = document.createElement('img');
      img.src = post.photos[0];
      img.alt = '';
      ph.appendChild(img);
      a.appendChild(ph);
    }
    var b = document.createElement('div');
    b.className = 'slide-body';
    var s = document.createElement('p');
    s.className = 'slide-school';
    s.textContent = post.school + ' · ' + post.category;
    var t = document.createElement('p');
    t.className = 'slide-text';
    t.textContent = post.text;
    b.appendChild(s);
    b.appendChild(t);
    a.appendChild(b);
    return a;
  }

  function update(posts) {
    var before = current();
    var shownId = before.length ? before[index % before.length].getAttribute('data-id') : null;
    while (slides.firstChild) slides.removeChild(slides.firstChild);
    var keep = 0;
    posts.forEach(function (p, i) {
      slides.appendChild(slide(p));
      if (String(p.id) === shownId) keep = i;
    });
    empty.classList.toggle('hidden', posts.length > 0);
    show(keep);
  }

  function refused(message) {
    while (slides.firstChild) slides.removeChild(slides.firstChild);
    empty.classList.add('hidden');
    gone.textContent = message;
    gone.classList.remove('hidden');
  }

  function poll() {
    fetch(url, {cache: 'no-store', credentials: 'omit'}).then(function (r) {
      return r.json().then(function (data) {
        if (!r.ok) refused(data.message || '');
        else update(data.posts || []);
      });
    }).catch(function () { /* offline for a moment: keep showing what we have */ });
  }

  function tick() {
    if (clock) {
      var d = new Date();
      clock.textContent = ('0' + d.getHours()).slice(-2) + ':' + ('0' + d.getMinutes()).slice(-2);
    }
  }

  tick();
  setInterval(tick, 10000);
  setInterval(function () { show(index + 1); }, rotate);
  setInterval(poll, refresh);
})();
