// Module MsokoModel.
