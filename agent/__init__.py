"""Fair Witness edge agent: reads a camera, detects motion, burns privacy zones, cuts clips and
uploads them from an on-disk queue. It never imports Django, so it can run on a small box near
the cameras with only PyAV, numpy, OpenCV and httpx installed."""
