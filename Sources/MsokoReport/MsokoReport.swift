// Module MsokoReport.
