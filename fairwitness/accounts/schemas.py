from ninja import Schema


class MeOut(Schema):
    username: str
    role: str
    role_label: str
    agency: str | None


class AgencyOut(Schema):
    name: str
    kind: str
    jurisdiction_name: str
