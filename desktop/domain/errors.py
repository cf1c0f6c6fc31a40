"""Errors raised when a value would break an invariant of the domain."""


class DomainError(ValueError):
    """Base of every invariant violation; its message is one readable line."""


class InvalidDocument(DomainError):
    """A document without text, or with an id that is not a string."""


class InvalidSpan(DomainError):
    """Offsets out of order or outside the text."""


class InvalidRelation(DomainError):
    """A relation whose endpoints the schema does not allow."""


class UnknownLabel(DomainError):
    """A label the project's schema does not define."""


class InvalidAttribute(DomainError):
    """An attribute name or value the schema does not allow."""


class InvalidSchema(DomainError):
    """A schema file that cannot be used."""


class InvalidLayer(DomainError):
    """A layer name or document status that is not allowed."""


class InvalidActor(DomainError):
    """An actor without a name or with an unknown kind."""


class InvalidDecision(DomainError):
    """A review decision without a document, item or reviewer, or of an unknown kind."""
