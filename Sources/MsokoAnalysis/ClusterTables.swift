import MsokoModel

/// The cluster stage's CSV tables (docs/contract.md §3), built from its
/// result and kept apart from the computation.
extension ClusterAnalysis {
    /// `clusters.csv`: `school_id,cluster,silhouette,pc1,pc2` (docs/contract.md §3).
    public var clustersTable: Table {
        var table = Table(columns: ["school_id", "cluster", "silhouette", "pc1", "pc2"])
        for school in schools {
            table.append([school.schoolID, String(school.cluster), Table.number(school.silhouette),
                          Table.number(school.pc1), Table.number(school.pc2)])
        }
        return table
    }

    /// `cluster_profiles.csv`: `cluster,size,label,indicator,mean_score`
    /// (docs/contract.md §3), then `stability` and `stable` of the cluster; one row
    /// per cluster and indicator.
    public func profilesTable(language: Language) -> Table {
        var table = Table(columns: ["cluster", "size", "label", "indicator", "mean_score", "stability", "stable"])
        for cluster in clusters {
            for (column, indicator) in indicatorIDs.enumerated() {
                table.append([String(cluster.id), String(cluster.size), cluster.label[language], indicator,
                              Table.number(cluster.indicatorMeans[column]), Table.number(cluster.stability),
                              cluster.stability == nil ? "" : Table.bool(!cluster.isUnstable)])
            }
        }
        return table
    }

    /// `cluster_criteria.csv` (msoko's own): the criteria over k, the
    /// choice, and the silhouette's sampling error (0 when exact).
    public var criteriaTable: Table {
        var table = Table(columns: ["k", "inertia", "silhouette", "calinski_harabasz", "davies_bouldin", "gap", "gap_se", "chosen",
                                    "silhouette_se"])
        for row in criteria {
            table.append([String(row.clusterCount), Table.number(row.inertia), Table.number(row.silhouette),
                          Table.number(row.calinskiHarabasz), Table.number(row.daviesBouldin), Table.number(row.gap),
                          Table.number(row.gapStandardError), Table.bool(row.clusterCount == clusterCount),
                          Table.number(row.silhouetteStandardError)])
        }
        return table
    }
}
