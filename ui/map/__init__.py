"""The live map: every case of the queue's current view and every crew on a map of Sofia (folium page in a
QWebEngineView, kept current through a QWebChannel bridge without reloading)."""
