(function () {
  var toggle = document.querySelector('.menu-toggle');
  if (toggle) toggle.addEventListener('click', function () {
    document.getElementById('primary-menu').classList.toggle('toggled');
  });
})();
