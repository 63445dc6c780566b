"""The site's shell: home page, language switch, health check, web fonts, error pages."""
