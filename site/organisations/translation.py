from modeltranslation.decorators import register
from modeltranslation.translator import TranslationOptions

from .models import Organisation


@register(Organisation)
class OrganisationTR(TranslationOptions):
    fields = ("name",)
