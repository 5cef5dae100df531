"""The Qt face of Quality Desk: a thin layer over the services."""
