"""Events of a story: segmentation into main / other / background, their type, place and date."""
