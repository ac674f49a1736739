"""A certificate's data without the database, for rendering tests and the benchmark."""

from datetime import date

from certificates.rendering import CertificateData, Signatory, TemplateValues

SIGNATORIES = (
    Signatory("أكاديمية مدافع", "Madafe Academy", "فريق التدريب", "Training team"),
    Signatory("ليلى بن علي", "Leila Ben Ali", "مديرة البرامج", "Programme director"),
)


def sample_data(**changes) -> CertificateData:
    values = {
        "holder_name": "سلمى الورفلي",
        "course_title_ar": "الأمن الرقمي للمدافعين عن حقوق الإنسان",
        "course_title_en": "Digital security for human-rights defenders",
        "track_ar": "الأمن الرقمي والمعلوماتي",
        "track_en": "Information and digital security",
        "hours": 12,
        "issued_on": date(2026, 11, 22),
        "expires_on": date(2028, 11, 22),
        "code": "MDF-7K3Q-9XWP-2HTN-4M0A",
        "verification_url": "https://academy.example.org/ar/certificates/verify/MDF-7K3Q-9XWP-2HTN-4M0A/",
        "template": TemplateValues(signatories=SIGNATORIES),
    }
    values.update(changes)
    return CertificateData(**values)
