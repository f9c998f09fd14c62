/* The admin's language tabs (django-modeltranslation's tabbed_translation_fields.js) need
 * jQuery UI's tabs, which would come from another site: the CSP allows scripts from ours
 * only. This is the part of it that script uses: `.tabs({active})`, `.tabs("option",
 * "active", n)` and the `tabsactivate` event, on Django's own jQuery. Without JavaScript
 * every language's field is simply shown, one after the other. */
(function () {
  "use strict";
  var $ = window.jQuery || window.django.jQuery;

  function activate($container, index, announce) {
    var $tabs = $container.children("ul").children("li");
    var $panels = $container.children("div");
    if (index < 0 || index >= $tabs.length) {
      index = 0;
    }
    $tabs.each(function (i) {
      var on = i === index;
      $(this)
        .toggleClass("ui-tabs-active ui-state-active", on)
        .children("a")
        .attr({ "aria-selected": on ? "true" : "false", tabindex: on ? "0" : "-1" });
    });
    $panels.each(function (i) {
      $(this).toggleClass("ui-tabs-hide", i !== index).attr("aria-hidden", i !== index);
    });
    $container.data("mtActive", index);
    if (announce) {
      $container.trigger("tabsactivate", [{ newTab: $tabs.eq(index) }]);
    }
  }

  function build($container, active) {
    var $list = $container.children("ul");
    $container.addClass("ui-tabs");
    $list.addClass("ui-tabs-nav").attr("role", "tablist");
    $container.children("div").addClass("ui-tabs-panel").attr("role", "tabpanel");
    $list.children("li").each(function (i) {
      $(this)
        .attr("role", "presentation")
        .children("a")
        .attr("role", "tab")
        .on("click", function (event) {
          event.preventDefault();
          activate($container, i, true);
        });
    });
    activate($container, active || 0, false);
  }

  $.fn.tabs = function (options, name, value) {
    return this.each(function () {
      var $container = $(this);
      if (options === "option" && name === "active") {
        activate($container, value, true);
      } else if (typeof options !== "string") {
        build($container, (options || {}).active);
      }
    });
  };
})();
