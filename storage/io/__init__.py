"""Files in and out: the ACLED import and the JSONL / CSV / GeoJSON exports."""
