// Module MsokoAnalysis.
