"""The OpenAPI 3.1 description of API v1, served at /api/v1/openapi.json."""

from __future__ import annotations

from learnhub.credentials.models import REVOCATION_CATEGORIES

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

CERTIFICATE = {
    "type": "object",
    "required": [
        "type", "status", "serial", "holder_name", "course_title", "course_slug", "issued_on",
        "revoked_on", "revocation_category", "sha256", "basis", "training_date",
    ],
    "properties": {
        "type": {"const": "certificate"},
        "status": {"type": "string", "enum": ["valid", "revoked"]},
        "serial": {"type": "string", "example": "LH-2569-000123"},
        "holder_name": {
            "type": ["string", "null"],
            "description": "null when the holder's personal data was erased at their request "
            "(PDPA); the certificate stays verifiable without a name.",
        },
        "course_title": {"type": "string"},
        "course_slug": {"type": "string"},
        "issued_on": {"type": "string", "format": "date"},
        "revoked_on": {"type": ["string", "null"], "format": "date"},
        "revocation_category": {
            "type": ["string", "null"],
            "enum": [*REVOCATION_CATEGORIES, None],
            "description": "Why it was revoked, as a category; the staff's own words are "
            "never published.",
        },
        "sha256": {"type": "string", "description": "SHA-256 of the issued PDF file"},
        "basis": {
            "type": "string",
            "enum": ["completed_online", "on_site_training"],
            "description": "How the certificate was earned: completed_online means the holder "
            "studied the course and passed its post-test on LearnHub; on_site_training means "
            "staff issued it by hand for training held on site, on training_date.",
        },
        "training_date": {
            "type": ["string", "null"],
            "format": "date",
            "description": "The date of the on-site training; null for completed_online",
        },
    },
}  # fmt: skip

RECOGNITION = {
    "type": "object",
    "description": "An approved recognition (เชิดชูเกียรติ) and its honour certificate "
    "(เกียรติบัตร), verified by the code printed on it. The staff's notes are never published.",
    "required": [
        "type", "status", "holder_name", "title", "kind", "kind_key", "legal_basis",
        "awarded_on", "awarding_body", "issued_on", "revoked_on", "revocation_category",
        "sha256",
    ],
    "properties": {
        "type": {"const": "recognition"},
        "status": {"type": "string", "enum": ["valid", "revoked"]},
        "holder_name": {
            "type": ["string", "null"],
            "description": "null when the holder's personal data was erased at their request",
        },
        "title": {"type": ["string", "null"], "description": "The honour, as printed; null "
                  "(like holder_name and awarding_body) once the holder's data was erased"},
        "kind": {"type": "string", "description": "The kind of recognition, in Thai",
                 "example": "ยกย่องเชิดชูเกียรติ/ให้รางวัล"},
        "kind_key": {"type": "string", "example": "honour_award"},
        "legal_basis": {"type": "string", "description": "The law or measure it rests on, "
                        "e.g. section 55 of the Executive Measures in Anti-Corruption Act "
                        "B.E. 2551; empty when none applies"},
        "awarded_on": {"type": "string", "format": "date"},
        "awarding_body": {"type": ["string", "null"]},
        "issued_on": {"type": "string", "format": "date", "description": "Approved on"},
        "revoked_on": {"type": ["string", "null"], "format": "date"},
        "revocation_category": {
            "type": ["string", "null"],
            "enum": [*REVOCATION_CATEGORIES, None],
            "description": "Why it was revoked, as a category; the staff's own words are "
            "never published.",
        },
        "sha256": {"type": "string", "description": "SHA-256 of the issued PDF file"},
    },
}  # fmt: skip

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
            "/api/v1/certificates/{code}": {
                "get": {
                    "operationId": "verifyCertificate",
                    "summary": "The public record of a certificate or of a recognition's honour "
                    "certificate (type says which), by its verification code",
                    "parameters": [
                        {
                            "name": "code",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        }
                    ],
                    "responses": {
                        "200": {
                            "description": "The certificate or recognition",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "oneOf": [
                                            {"$ref": "#/components/schemas/Certificate"},
                                            {"$ref": "#/components/schemas/Recognition"},
                                        ]
                                    }
                                }
                            },
                        },
                        "404": {
                            "description": "No certificate has this code",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Error"}
                                }
                            },
                        },
                        "429": {"description": "Too many verification requests"},
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
                "Certificate": CERTIFICATE,
                "Recognition": RECOGNITION,
                "CourseSummary": COURSE_SUMMARY,
                "CourseDetail": COURSE_DETAIL,
                "Error": ERROR,
            }
        },
    }
