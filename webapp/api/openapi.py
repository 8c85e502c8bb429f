"""The OpenAPI 3.1 description of the open data API."""

TEXT = {
    "type": "object",
    "additionalProperties": {"type": "string"},
    "description": "Text by language code (en, cy, pl, ro, pa, ur, ar, bn, so); en always present.",
}
SLUG = {
    "name": "slug",
    "in": "path",
    "required": True,
    "schema": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "maxLength": 80},
}
NOT_FOUND = {
    "description": "No such record (or, for results, the round has not closed).",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}


def ok(schema_ref: str, description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_ref}"}}},
    }


def pence(description: str) -> dict:
    return {"type": "integer", "description": f"{description}, in pence."}


OPENAPI = {
    "openapi": "3.1.0",
    "info": {
        "title": "Neighbourhood Menu open data",
        "version": "1.0.0",
        "description": "Read-only: areas and their menus, votes and results, delegations, money "
        "delegated and paid, and 360Giving data. Amounts are whole pence.",
        "license": {
            "name": "Open Government Licence v3.0",
            "url": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
        },
    },
    "paths": {
        "/api/v1/areas": {
            "get": {
                "operationId": "listAreas",
                "summary": "Every area",
                "responses": {"200": ok("AreaList", "The areas.")},
            }
        },
        "/api/v1/areas/{slug}": {
            "get": {
                "operationId": "getArea",
                "summary": "An area and its current menu",
                "parameters": [SLUG],
                "responses": {"200": ok("AreaWithMenu", "The area."), "404": NOT_FOUND},
            }
        },
        "/api/v1/areas/{slug}/rounds": {
            "get": {
                "operationId": "listRounds",
                "summary": "An area's voting rounds",
                "parameters": [SLUG],
                "responses": {"200": ok("RoundList", "The rounds."), "404": NOT_FOUND},
            }
        },
        "/api/v1/rounds/{round_id}/results": {
            "get": {
                "operationId": "getResults",
                "summary": "A closed round's results",
                "parameters": [
                    {
                        "name": "round_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer", "minimum": 1, "maximum": 2147483647},
                    }
                ],
                "responses": {"200": ok("Results", "The results."), "404": NOT_FOUND},
            }
        },
        "/api/v1/councils/{slug}/delegations": {
            "get": {
                "operationId": "listDelegations",
                "summary": "Services a council has handed to communities",
                "parameters": [SLUG],
                "responses": {"200": ok("DelegationList", "The delegations."), "404": NOT_FOUND},
            }
        },
        "/api/v1/councils/{slug}/statement": {
            "get": {
                "operationId": "getStatement",
                "summary": "Money delegated and paid",
                "parameters": [SLUG],
                "responses": {"200": ok("Statement", "The statement."), "404": NOT_FOUND},
            }
        },
        "/api/v1/councils/{slug}/360giving": {
            "get": {
                "operationId": "get360Giving",
                "summary": "Delegations as a 360Giving package",
                "parameters": [SLUG],
                "responses": {"200": ok("GivingPackage", "A 360Giving package."), "404": NOT_FOUND},
            }
        },
    },
    "components": {
        "schemas": {
            "Error": {
                "type": "object",
                "required": ["error"],
                "properties": {"error": {"type": "string"}},
            },
            "Text": TEXT,
            "AreaSummary": {
                "type": "object",
                "required": ["slug", "name", "kind", "households", "deprivation_decile", "council"],
                "properties": {
                    "slug": {"type": "string"},
                    "name": {"type": "string"},
                    "kind": {"enum": ["estate", "neighbourhood", "village", "town"]},
                    "households": {"type": "integer", "minimum": 1},
                    "deprivation_decile": {"type": "integer", "minimum": 1, "maximum": 10},
                    "council": {"type": "string"},
                },
            },
            "AreaList": {
                "type": "object",
                "required": ["areas"],
                "properties": {
                    "areas": {
                        "type": "array",
                        "items": {"$ref": "#/components/schemas/AreaSummary"},
                    }
                },
            },
            "Option": {
                "type": "object",
                "required": [
                    "level",
                    "does",
                    "budget_share_bp",
                    "annual_budget_pence",
                    "uplift_pence",
                    "rebate_per_household_pence",
                ],
                "properties": {
                    "level": {"type": "string"},
                    "does": TEXT,
                    "budget_share_bp": {"type": "integer", "minimum": 0, "maximum": 10000},
                    "annual_budget_pence": pence(
                        "The budget the option brings to the area each year"
                    ),
                    "uplift_pence": pence("Of which deprivation uplift"),
                    "rebate_per_household_pence": pence("Rebate per household per year"),
                },
            },
            "Function": {
                "type": "object",
                "required": ["key", "name", "cost_per_household_pence", "charge", "options"],
                "properties": {
                    "key": {"type": "string"},
                    "name": TEXT,
                    "charge": TEXT,
                    "cost_per_household_pence": pence("Current annual cost per household"),
                    "options": {"type": "array", "items": {"$ref": "#/components/schemas/Option"}},
                },
            },
            "Menu": {
                "type": "object",
                "required": ["version", "deprivation_uplift_bp", "levels", "functions"],
                "properties": {
                    "version": {"type": ["integer", "null"]},
                    "deprivation_uplift_bp": {"type": "integer", "minimum": 0},
                    "levels": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["key", "rank", "name"],
                            "properties": {
                                "key": {"type": "string"},
                                "rank": {"type": "integer"},
                                "name": TEXT,
                            },
                        },
                    },
                    "functions": {
                        "type": "array",
                        "items": {"$ref": "#/components/schemas/Function"},
                    },
                },
            },
            "AreaWithMenu": {
                "type": "object",
                "required": ["area", "menu"],
                "properties": {
                    "area": {"$ref": "#/components/schemas/AreaSummary"},
                    "menu": {"$ref": "#/components/schemas/Menu"},
                },
            },
            "Round": {
                "type": "object",
                "required": ["id", "area", "opens_at", "closes_at", "quorum_percent", "state"],
                "properties": {
                    "id": {"type": "integer"},
                    "area": {"type": "string"},
                    "opens_at": {"type": "string", "format": "date-time"},
                    "closes_at": {"type": "string", "format": "date-time"},
                    "quorum_percent": {"type": "integer", "minimum": 0, "maximum": 100},
                    "state": {"enum": ["scheduled", "open", "closed"]},
                },
            },
            "RoundList": {
                "type": "object",
                "required": ["rounds"],
                "properties": {
                    "rounds": {"type": "array", "items": {"$ref": "#/components/schemas/Round"}}
                },
            },
            "Results": {
                "type": "object",
                "required": [
                    "round",
                    "eligible",
                    "ballots",
                    "paper_ballots",
                    "quorum_met",
                    "functions",
                ],
                "properties": {
                    "round": {"type": "integer"},
                    "eligible": {"type": "integer", "minimum": 0},
                    "ballots": {"type": "integer", "minimum": 0},
                    "paper_ballots": {"type": "integer", "minimum": 0},
                    "quorum_met": {"type": "boolean"},
                    "functions": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["key", "outcome", "no_preference", "counts"],
                            "properties": {
                                "key": {"type": "string"},
                                "outcome": {"type": ["string", "null"]},
                                "no_preference": {"type": "integer", "minimum": 0},
                                "counts": {
                                    "type": "object",
                                    "additionalProperties": {"type": "integer", "minimum": 0},
                                },
                            },
                        },
                    },
                },
            },
            "Delegation": {
                "type": "object",
                "required": [
                    "id",
                    "area",
                    "function",
                    "group",
                    "level",
                    "state",
                    "annual_budget_pence",
                    "uplift_pence",
                    "rebate_per_household_pence",
                    "schedule",
                    "start_date",
                    "end_date",
                    "paid_pence",
                ],
                "properties": {
                    "id": {"type": "integer"},
                    "area": {"type": "string"},
                    "function": {"type": "string"},
                    "group": {"type": "string"},
                    "level": {"type": "string"},
                    "state": {"type": "string"},
                    "annual_budget_pence": pence("Annual budget"),
                    "uplift_pence": pence("Of which uplift"),
                    "rebate_per_household_pence": pence("Rebate per household per year"),
                    "schedule": {"enum": ["monthly", "quarterly", "annual"]},
                    "start_date": {"type": "string", "format": "date"},
                    "end_date": {"type": "string", "format": "date"},
                    "paid_pence": pence("Paid so far"),
                },
            },
            "DelegationList": {
                "type": "object",
                "required": ["delegations"],
                "properties": {
                    "delegations": {
                        "type": "array",
                        "items": {"$ref": "#/components/schemas/Delegation"},
                    }
                },
            },
            "Statement": {
                "type": "object",
                "required": ["council", "lines", "budget_pence", "paid_pence"],
                "properties": {
                    "council": {"type": "string"},
                    "budget_pence": pence("Total budgets"),
                    "paid_pence": pence("Total paid"),
                    "lines": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["delegation", "budget_pence", "paid_pence"],
                            "properties": {
                                "delegation": {"type": "integer"},
                                "budget_pence": {"type": "integer"},
                                "paid_pence": {"type": "integer"},
                            },
                        },
                    },
                },
            },
            "GivingPackage": {
                "type": "object",
                "required": ["grants"],
                "description": "A 360Giving package (see the 360Giving Data Standard).",
                "properties": {"grants": {"type": "array", "items": {"type": "object"}}},
            },
        }
    },
}
