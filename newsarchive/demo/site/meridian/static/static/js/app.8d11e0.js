document.addEventListener('click', function (event) {
  var choice = event.target.getAttribute && event.target.getAttribute('data-consent');
  if (choice) { document.cookie = 'consent=' + choice + ';path=/;max-age=31536000'; event.target.closest('.cookie-banner').remove(); }
});
