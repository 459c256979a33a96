// Module MsokoIngest.
