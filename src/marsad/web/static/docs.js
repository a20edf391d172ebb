// The API docs page (/docs): Swagger UI over /openapi.json, served by the app itself.
window.addEventListener("load", function () {
  "use strict";
  window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
});
