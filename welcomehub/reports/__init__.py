"""Exports shared by every app: CSV, HXL-tagged CSV, XLSX and PDF of `tables.Table`s."""
