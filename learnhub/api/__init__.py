"""JSON API v1: public, read-only, described by an OpenAPI document."""
