"""Programme dashboards: protected aggregates of distance travelled (decisions 0016, 0017)."""
