"""Citizen pages: home, group paths, guides, help, privacy and accessibility."""
