"""The OpenAPI 3.1 description of API v1, served at /api/v1/openapi.json."""

from __future__ import annotations

BILINGUAL = {
    "type": "object",
    "required": ["th", "en"],
    "properties": {"th": {"type": "string"}, "en": {"type": "string"}},
}

COURSE_SUMMARY = {
    "type": "object",
    "required": ["slug", "version", "title", "study_hours", "module_count", "lesson_count"],
    "properties": {
        "slug": {"type": "string", "example": "corruption-types"},
        "version": {"type": "string", "example": "1.0"},
        "title": BILINGUAL,
        "study_hours": {"type": "number", "example": 6},
        "module_count": {"type": "integer"},
        "lesson_count": {"type": "integer"},
    },
}

COURSE_DETAIL = {
    "allOf": [
        {"$ref": "#/components/schemas/CourseSummary"},
        {
            "type": "object",
            "required": ["summary", "modules"],
            "properties": {
                "summary": BILINGUAL,
                "modules": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["key", "title", "lessons"],
                        "properties": {
                            "key": {"type": "string"},
                            "title": BILINGUAL,
                            "lessons": {
                                "type": "array",
                                "items": {
                                    "type": "object",
                                    "required": ["key", "title"],
                                    "properties": {
                                        "key": {"type": "string"},
                                        "title": {"type": "string"},
                                    },
                                },
                            },
                        },
                    },
                },
            },
        },
    ]
}

ERROR = {
    "type": "object",
    "required": ["error", "status"],
    "properties": {
        "error": {"type": "string"},
        "message": {"type": "string"},
        "status": {"type": "integer"},
    },
}


def document() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "LearnHub API",
            "version": "1",
            "description": "Public, read-only access to LearnHub's course catalogue.",
        },
        "paths": {
            "/api/v1/courses": {
                "get": {
                    "operationId": "listCourses",
                    "summary": "Every listed course, in its current version",
                    "responses": {
                        "200": {
                            "description": "The courses",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "required": ["courses"],
                                        "properties": {
                                            "courses": {
                                                "type": "array",
                                                "items": {
                                                    "$ref": "#/components/schemas/CourseSummary"
                                                },
                                            }
                                        },
                                    }
                                }
                            },
                        }
                    },
                }
            },
            "/api/v1/courses/{slug}": {
                "get": {
                    "operationId": "getCourse",
                    "summary": "One course with its modules and lessons",
                    "parameters": [
                        {
                            "name": "slug",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        }
                    ],
                    "responses": {
                        "200": {
                            "description": "The course",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/CourseDetail"}
                                }
                            },
                        },
                        "404": {
                            "description": "No such course",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Error"}
                                }
                            },
                        },
                    },
                }
            },
        },
        "components": {
            "schemas": {
                "CourseSummary": COURSE_SUMMARY,
                "CourseDetail": COURSE_DETAIL,
                "Error": ERROR,
            }
        },
    }
