document.querySelectorAll('.share-bar a').forEach(function (link) {
  link.addEventListener('click', function (event) {
    event.preventDefault();
    window.open(link.href, 'share', 'width=600,height=400');
  });
});
