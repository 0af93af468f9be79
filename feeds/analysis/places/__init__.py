"""Places: the gazetteer, place phrases and offsets such as '50 km N of Lerneb'."""
