"""Numbers and qualifiers in English and French, turned into intervals (codebook section 2)."""
