// not-served.js: a classic script, because modules do not load from file://. Opened as a
// file, the page shows only its message saying how to serve it (index.html, style.css).
if (location.protocol === "file:") document.documentElement.classList.add("not-served");
