from modeltranslation.decorators import register
from modeltranslation.translator import TranslationOptions

from .models import CourseIndexPage, CoursePage, GlossaryTerm, LessonPage, ModulePage


@register(CourseIndexPage)
class CourseIndexPageTR(TranslationOptions):
    fields = ("intro",)


@register(CoursePage)
class CoursePageTR(TranslationOptions):
    fields = ("summary",)


@register(ModulePage)
class ModulePageTR(TranslationOptions):
    fields = ("summary",)


@register(LessonPage)
class LessonPageTR(TranslationOptions):
    fields = ("body",)


@register(GlossaryTerm)
class GlossaryTermTR(TranslationOptions):
    fields = ("term", "definition")
