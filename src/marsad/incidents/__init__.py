"""Incidents: clustering events of many documents into incidents, assessment."""
