"""The ontology's terms, declared once; an unknown term fails loudly instead of minting an IRI."""

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, XSD, DefinedNamespace

ONTOLOGY_IRI = "https://w3id.org/argmap/ns"
# The ontology's owl:versionInfo; a built graph names ONTOLOGY_VERSION_IRI with dcterms:conformsTo.
ONTOLOGY_VERSION = "0.1.0"
ONTOLOGY_VERSION_IRI = f"{ONTOLOGY_IRI}/{ONTOLOGY_VERSION}"
DATA_BASE = "https://w3id.org/argmap/id/"


class AM(DefinedNamespace):
    """argmap's own vocabulary (ontology/argmap.ttl declares exactly these terms)."""

    _NS = Namespace(ONTOLOGY_IRI + "#")
    _fail = True

    # classes
    Claim: URIRef
    Proposition: URIRef
    Source: URIRef
    Author: URIRef
    Person: URIRef
    Organization: URIRef
    AuthorGroup: URIRef
    UnknownAuthor: URIRef
    Authorship: URIRef
    Entity: URIRef
    Anchor: URIRef
    Relation: URIRef
    Support: URIRef
    Contradiction: URIRef
    Method: URIRef
    Polarity: URIRef
    Curation: URIRef
    RuleExtraction: URIRef
    PredictionOutcome: URIRef
    ArgumentMap: URIRef
    ClaimKind: URIRef
    # individuals
    Curated: URIRef
    RuleExtracted: URIRef
    Derived: URIRef
    Suggested: URIRef
    Affirmed: URIRef
    Denied: URIRef
    SeedCuration: URIRef
    BorneOut: URIRef
    Refuted: URIRef
    Signed: URIRef
    Unsigned: URIRef
    AuthorUnknown: URIRef
    Fact: URIRef
    Assessment: URIRef
    Prediction: URIRef
    Goal: URIRef
    Belief: URIRef
    # properties
    text: URIRef
    quote: URIRef
    source: URIRef
    method: URIRef
    anchor: URIRef
    polarity: URIRef
    about: URIRef
    expresses: URIRef
    holder: URIRef
    confidence: URIRef
    curatedIn: URIRef
    supports: URIRef
    contradicts: URIRef
    to: URIRef
    rationale: URIRef
    derivationKey: URIRef
    dateNote: URIRef
    url: URIRef
    contentHash: URIRef
    affiliation: URIRef
    author: URIRef
    authorList: URIRef
    member: URIRef
    authorship: URIRef
    authorNote: URIRef
    familyName: URIRef
    givenName: URIRef
    claimKey: URIRef
    alsoFoundBy: URIRef
    holderActor: URIRef
    kind: URIRef
    score: URIRef
    outcome: URIRef

    # "from" is a Python keyword, so it is reached as AM["from"].
    _extras = ["from"]


class OA(DefinedNamespace):
    """The W3C Web Annotation terms argmap uses."""

    _NS = Namespace("http://www.w3.org/ns/oa#")
    _fail = True

    SpecificResource: URIRef
    TextQuoteSelector: URIRef
    TextPositionSelector: URIRef
    hasSource: URIRef
    hasSelector: URIRef
    exact: URIRef
    prefix: URIRef
    suffix: URIRef
    start: URIRef
    end: URIRef


class AIF(DefinedNamespace):
    """The Argument Interchange Format terms argmap aligns with."""

    _NS = Namespace("http://www.arg.dundee.ac.uk/aif#")
    _fail = True

    _extras = ["I-node", "S-node", "RA-node", "CA-node"]


ID = Namespace(DATA_BASE)

PREFIXES = {
    "am": AM._NS,
    "amid": ID,
    "aif": AIF._NS,
    "oa": OA._NS,
    "prov": PROV._NS,
    "dcterms": DCTERMS._NS,
    "rdf": RDF._NS,
    "rdfs": RDFS._NS,
    "owl": OWL._NS,
    "xsd": XSD._NS,
}

__all__ = ["AM", "OA", "AIF", "ID", "PREFIXES", "DCTERMS", "PROV", "RDF", "RDFS", "XSD", "OWL"]
