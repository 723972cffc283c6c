"""Media of citizens' messages: fetched through the provider, typed by content, kept by
digest, stripped of EXIF (GPS kept as a location), OCR and transcripts
(:mod:`gateway.media.service`; pictures out to the channels: :mod:`gateway.media.outbound`)."""
