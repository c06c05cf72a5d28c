// Push handlers, imported by the service worker (/sw.js): show the notification, open its page.
/* global self, clients */
self.addEventListener("push", function (event) {
  var data = {};
  try { data = event.data ? event.data.json() : {}; } catch (e) { data = { title: "Trinvis", body: event.data.text() }; }
  event.waitUntil(self.registration.showNotification(data.title || "Trinvis", {
    body: data.body || "", lang: data.lang || "da", icon: data.icon || "/static/icons/icon-192.png",
    data: { url: data.url || "/", unsubscribe: data.unsubscribe || "/da/notifications/" },
    actions: [{ action: "unsubscribe", title: data.stop || "✕" }]
  }));
});
self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var target = event.action === "unsubscribe" ? event.notification.data.unsubscribe : event.notification.data.url;
  event.waitUntil(clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (list) {
    for (var i = 0; i < list.length; i++) {
      if (list[i].url.indexOf(self.location.origin) === 0 && "navigate" in list[i]) {
        return list[i].navigate(target).then(function (c) { return c && c.focus(); });
      }
    }
    return clients.openWindow(target);
  }));
});
