// Module MsokoClustering.
