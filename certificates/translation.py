from modeltranslation.decorators import register
from modeltranslation.translator import TranslationOptions

from .models import CertificateTemplate


@register(CertificateTemplate)
class CertificateTemplateTR(TranslationOptions):
    fields = (
        "signatory_name",
        "signatory_title",
        "second_signatory_name",
        "second_signatory_title",
    )
