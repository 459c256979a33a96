// Module MsokoPipeline.
